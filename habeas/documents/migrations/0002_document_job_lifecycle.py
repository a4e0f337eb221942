# Documents share the job lifecycle of habeas.core.jobs: when processing ended is finished_at (it was
# processed_at), and each document records when its processing was asked for and last taken.

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [
        migrations.RenameField("document", "processed_at", "finished_at"),
        migrations.AddField(
            model_name="document",
            name="started_at",
            field=models.DateTimeField(default=django.utils.timezone.now, help_text="When the work was asked for"),
        ),
        migrations.AddField(
            model_name="document",
            name="claimed_at",
            field=models.DateTimeField(blank=True, help_text="When a worker last took it", null=True),
        ),
        migrations.AlterField(
            model_name='document',
            name='attempts',
            field=models.PositiveIntegerField(default=0, help_text='Times a worker took it'),
        ),
        migrations.AlterField(
            model_name='document',
            name='error',
            field=models.TextField(blank=True, help_text='Why it failed, for the person who asked'),
        ),
    ]
