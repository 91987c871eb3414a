"""Council reports: assemble plain rows from the database, call `engage.analysis`, freeze the data, render it.

dataset.py (rows in bulk) → builder.py (the report data dict) → render.py (HTML, PDF, XLSX, CSV);
services.py holds the builder's domain operations, routes.py the URL table.
"""
