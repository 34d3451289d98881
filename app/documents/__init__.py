"""Documents: the only package that imports reportlab, qrcode or openpyxl.

Plain values in, bytes out (PDF, PNG, XLSX), or uploaded bytes in, plain rows out. Nothing here
touches the database or Flask.
"""
