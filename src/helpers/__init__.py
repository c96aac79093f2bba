"""gwr-figures: every quantitative figure of a Chinese government work report as tidy data.

Data flows one way: ingest → segment → extract → classify → tidy → compare → chart.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("gwr-figures")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0+unknown"

PROJECT_NAME = "gwr-figures"
