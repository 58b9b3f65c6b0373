"""The spreadsheet engine: how staff's Excel and CSV files are read, checked, imported and written.

Modules, from the bottom up: `headers` (the column vocabulary, collected from the declared resources),
`values` (cell parsing), `limits` (refusals), `csv_rows` and `parsing` (the parse itself, no Django),
`parse_child` and `isolation` (the parse in a limited child process), `reader` (one reading path),
`safety` (formula neutralising), `formats` (the django-import-export formats), `widgets` and `columns`
(column declarations), `checks` (system checks of the declarations), `template` (import templates),
`resources` (the base resource), `import_lock`, `outcome` (what every import returns, and its
ImportRecord), `services` (run_import), `importers` (one per kind of file), `uploads` (files kept between
preview and confirm), `forms`, `command` (the import commands' shape) and `admin` (the one import page).
"""
