// The focus domain: its types beside their queries and mutations.
