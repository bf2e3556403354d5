# The Medallion application image: one image for the API, the workers and the migration step
# (docker-compose.yml picks the command per service).
FROM python:3.11-slim

# PYTHONPATH: code runs from /app, not from site-packages, because medallion.migrate looks for
# migrations/ next to the medallion package and only the source tree has it.
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app

WORKDIR /app

# Runtime dependencies first, read from pyproject.toml, so that a code change reuses this layer.
# The [dev] extra (dev server binaries, test tools) is never installed.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY workflows/ workflows/
COPY activities/ activities/
COPY api/ api/
COPY medallion/ medallion/
COPY migrations/ migrations/
COPY worker.py ./
RUN pip install --no-deps . && rm -rf build ./*.egg-info

RUN useradd --system --uid 10001 --user-group --no-create-home --shell /usr/sbin/nologin medallion
USER medallion

EXPOSE 8000
CMD ["uvicorn", "api.main:create_app", "--factory", "--host", "0.0.0.0", "--port", "8000"]
