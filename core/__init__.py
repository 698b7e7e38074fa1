"""What every app shares (design.md, "Code layout"): NFC text, versioned edits, Vietnamese order
and number formats, the Excel framework, upload checks, QR codes, the change log, the document
number register and small view helpers. core imports no other app of the project."""
