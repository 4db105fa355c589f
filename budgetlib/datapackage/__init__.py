"""A data package: find it, read its descriptor, read and type its tables, and hold them as a Budget."""

from budgetlib.datapackage.package import (
    DESCRIPTOR,
    Budget,
    bundled_data_dir,
    bundled_dir,
    load,
    read_descriptor,
    read_form_descriptor,
    summable,
)

__all__ = [
    "DESCRIPTOR",
    "Budget",
    "bundled_data_dir",
    "bundled_dir",
    "load",
    "read_descriptor",
    "read_form_descriptor",
    "summable",
]
