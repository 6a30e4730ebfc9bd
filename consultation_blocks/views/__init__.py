"""Public views reached through ConsultationPage's routes. They stay thin: validation
lives in forms, writes in services, reads in selectors."""
