from compass import create_app

app = create_app()
