"""The National Registry of Exonerations' public data files, read into one record shape. Free of Django.

Reference data only: kept apart from case data, never mixed into a unit's own cases.
"""
