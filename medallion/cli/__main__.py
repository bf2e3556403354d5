from medallion.cli.main import app

app(prog_name="medallion")
