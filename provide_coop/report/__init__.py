from . import provide_pipeline_report
