"""Figures → tables, in pure pandas: no files, no language, no notebooks.

    values.py       a figure as a signed number; the bound of a signed target; unit families
    compare.py      this year's targets beside last year's results (one report); target profile
    scorecard.py    report N's targets judged on report N+1's outcomes
    panel_views.py  views across the regions and years of a panel
    accuracy.py     precision and recall against hand-labelled figures"""
