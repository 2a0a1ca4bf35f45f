from django.apps import AppConfig


class EncryptionConfig(AppConfig):
    name = "encryption"
    verbose_name = "Encryption at rest"
