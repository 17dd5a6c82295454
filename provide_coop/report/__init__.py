from . import provide_pipeline_report
from . import provide_stage_time_report
from . import provide_event_impact_report
