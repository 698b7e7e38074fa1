"""Excel import (openpyxl) of the province's agencies and of a year's memberships.

Flow: upload (checked: extension, size, content) -> preview of every row with its outcome or its
errors -> confirm, which checks the rows again inside one transaction and imports all or nothing.
`workbook` reads and writes files; `agencies` and `memberships` hold the rules of each import.
"""
