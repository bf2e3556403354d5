# The Medallion application image: one image for the API, the workers and the migration step
# (docker-compose.yml picks the command per service).
# Pinned to a patch release and Debian release, so a rebuild cannot change the interpreter or
# the OS under the app; bump both deliberately.
FROM python:3.11.14-slim-trixie

# PYTHONPATH: code runs from /app, not from site-packages, because medallion.platform.migrate
# looks for migrations/ next to the medallion package and only the source tree has it.
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_PYTHON_DOWNLOADS=never \
    UV_NO_CACHE=1 \
    PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app

WORKDIR /app

# Runtime dependencies first, exactly as uv.lock pins them (the same lock `make install` and CI
# use), so that a code change reuses this layer. The dev group (dev server binaries, test
# tools) is never installed; nor is the project itself, which runs from /app.
RUN pip install uv==0.13.8
COPY pyproject.toml uv.lock ./
RUN uv sync --locked --no-dev --no-install-project

COPY workflows/ workflows/
COPY activities/ activities/
COPY api/ api/
COPY medallion/ medallion/
COPY migrations/ migrations/
# The shipped reference data, loaded after the migrations (medallion.reference.shipped).
COPY reference_data/ reference_data/
COPY worker.py ./
# The CLI as `medallion` (docker compose exec api medallion cases).
COPY deploy/bin/medallion /usr/local/bin/medallion

RUN chmod 0755 /usr/local/bin/medallion \
    && useradd --system --uid 10001 --user-group --no-create-home --shell /usr/sbin/nologin medallion
USER medallion

EXPOSE 8000
# --timeout-keep-alive: medallion/devstack/stack.py KEEP_ALIVE_S.
CMD ["uvicorn", "api.main:create_app", "--factory", "--host", "0.0.0.0", "--port", "8000", "--timeout-keep-alive", "75"]
