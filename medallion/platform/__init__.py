"""The platform every process stands on: settings, Postgres (`db`, `db_retry`, `migrate`),
Temporal (`temporal`, the payload `codec`, `oidc` for the Web UI's codec calls), logs,
metrics, traces, and the process helpers (`heap`, `reachable`, `worker_endpoint`)."""
