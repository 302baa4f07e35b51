"""Load and validate the data folder: schemas, country codes, loaders, the run's data object."""
from tradebrief.data.load import (  # noqa: F401
    LOADERS,
    default_data_dir,
    load_agreements,
    load_events,
    load_labels,
    load_partners,
    load_products,
    load_rail,
    load_sources,
    load_table,
    load_totals,
    load_trade,
    mark_preferred,
)
