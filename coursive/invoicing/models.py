"""Invoices and credit notes from the cluster's legal entity, Factur-X documents, payments and the FEC export."""
