"""Text → figures: which report a text is, then every quantitative figure in it as a tidy row.

    identify.py   region, year, title and date from the text's own words; the one resolver
    normalize.py  the OCR/full-width text folded for scanning, with a map back to the printed text
    segment.py    paragraphs, parts (review / plan / glossary), section headings, clauses
    scan.py       every quantity: number, multiplier, unit, qualifiers
    classify/     what each figure is (kind, measure, bound, indicator), one module per rule family
    table.py      the figures table and its stable figure_id
    report.py     load_report: read, identify, extract"""
