from . import provide_enquiry_close
from . import provide_pipeline_summary
from . import provide_forget_person
from . import provide_enquiry_merge
from . import provide_event_follow_up
from . import provide_coop_launch
from . import provide_funder_report
