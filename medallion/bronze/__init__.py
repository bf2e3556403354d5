"""Bronze (DOMAIN 2): the fetch log and the append-only payload store (`store`), and the shape
of what is stored: a body parsed into JSON Postgres can hold (`storable_json`), hashed in its
canonical form (`canonical_json`), with where its records are decided once (`payload_shape`)."""
