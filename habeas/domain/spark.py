"""The one Spark session of a process, for the systemic review and person linkage beyond one machine.

Both backends run in the same process (a worker may do a review run, then a linkage run), and
``getOrCreate`` hands back whichever session was built first: so it is built once, here, with what
either needs (Splink's similarity functions, a checkpoint directory for Splink's long lineages).
"""

from __future__ import annotations

import importlib.util
import tempfile
from typing import Any

PYSPARK_PIN = "4.3.0"


class SparkUnavailableError(RuntimeError):
    """pyspark or a Java runtime is missing, or Spark would not start; the message says which."""


def spark_session(master: str = "local[2]") -> Any:
    """The process's SparkSession on ``master`` (``local[2]``, ``spark://host:7077``...)."""
    if importlib.util.find_spec("pyspark") is None:
        raise SparkUnavailableError(
            f"pyspark is not installed: pip install pyspark=={PYSPARK_PIN} (and a Java 17+ runtime)"
        )
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    try:
        spark = (
            SparkSession.builder.master(master)
            .appName("habeas")
            .config("spark.jars", similarity_jar_location())
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "8")
            .getOrCreate()
        )
    except Exception as exc:  # Java missing or broken surfaces as a generic error from py4j
        raise SparkUnavailableError(
            f"could not start Spark ({exc}); is a Java 17+ runtime installed?"
        ) from exc
    if spark.sparkContext.getCheckpointDir() is None:
        spark.sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="habeas-spark-checkpoints-"))
    return spark
