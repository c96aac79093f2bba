"""Work that runs other stages end to end: registering a raw report (register.py), building a
panel with its executor (panel.py), pairing two reports for a scorecard (pairs.py) and running
the notebook collection with papermill (runner.py)."""
