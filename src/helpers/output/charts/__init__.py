"""Charts: the look (style.py, fonts.py), what every chart shares (canvas.py), the charts of one
report (report_charts.py) and across reports (panel_charts.py), and saving them (save.py)."""
