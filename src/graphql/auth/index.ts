// The auth domain: its types beside their queries and mutations.
