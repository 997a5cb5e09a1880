from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        abstract = True


class ClusterQuerySet(models.QuerySet):
    def for_cluster(self, cluster):
        return self.filter(cluster=cluster)


class ClusterScopedModel(TimeStampedModel):
    """A domain record: it belongs to exactly one cluster and is only ever read through that cluster."""

    cluster = models.ForeignKey("accounts.Cluster", on_delete=models.CASCADE, verbose_name=_("pôle"))

    objects = ClusterQuerySet.as_manager()

    class Meta:
        abstract = True
