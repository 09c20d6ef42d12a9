// The planning domain: its types beside their queries and mutations.
