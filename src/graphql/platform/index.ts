// The platform domain: its types beside their queries and mutations.
