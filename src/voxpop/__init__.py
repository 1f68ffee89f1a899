"""voxpop: close the loop between what customers say and what a product team builds."""

__version__ = "0.1.0"
