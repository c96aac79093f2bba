"""Tables → files a reader opens: a report's dataset and a panel's (dataset.py,
panel_dataset.py) with their data package and data dictionary, citations (cite.py), paper tables
(tables.py, cells.py, tex.py), the views the notebooks print (views.py), charts (charts/) and
offline, sanitised HTML (html.py)."""
