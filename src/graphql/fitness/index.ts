// The fitness domain: its types beside their queries and mutations.
