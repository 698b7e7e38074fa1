"""The Excel framework: what a file's columns are (base), reading an upload safely (read),
writing templates and exports (write), the upload form (forms) and previews waiting for their
confirmation (pending)."""
