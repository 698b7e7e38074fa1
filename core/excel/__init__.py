"""The Excel framework: what a file's columns are (base), what an upload may hold before openpyxl
opens it (archive), reading an upload safely (read), writing templates and exports with user text
as text (write), the upload form (forms), previews waiting for their confirmation (pending) and
the pages of every import, upload -> preview -> confirm (flow, with core/templates/core/excel)."""
