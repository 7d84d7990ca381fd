class NoStoreMiddleware:
    """`Cache-Control: no-store` on every page served to a signed-in user: any of them may show
    personal data, and no shared or browser cache may keep it (OWASP ASVS 8.2.1)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated or request.path.startswith("/accounts/"):
            response["Cache-Control"] = "no-store"
        return response
