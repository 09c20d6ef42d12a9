// The reference domain: its types beside their queries and mutations.
