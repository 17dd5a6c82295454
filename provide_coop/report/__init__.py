from . import provide_pipeline_report
from . import provide_stage_time_report
from . import provide_event_impact_report
from . import provide_enquiry_event
from . import provide_coop_survival_report
from . import provide_personal_data_report
from . import provide_funder_report
