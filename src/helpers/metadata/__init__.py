"""What the data are: the columns of the figures table (one definition behind pandera, the
Frictionless Table Schema and the README's data dictionary), the one identity of a report
(ReportMeta), the regions, the names of the files a dataset holds, and the panel container.

Above rules/, below everything else."""
