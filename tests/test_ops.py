"""The liveness route that load balancers and the serving benchmark use."""


def test_healthz_answers_ok_as_plain_text(shared_client):
    response = shared_client.get("/healthz")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok"
    assert response.mimetype == "text/plain"
    assert response.headers["Cache-Control"] == "no-store"


def test_healthz_carries_the_security_headers(shared_client):
    response = shared_client.get("/healthz")
    assert "Content-Security-Policy" in response.headers
    assert "total;dur=" in response.headers["Server-Timing"]
