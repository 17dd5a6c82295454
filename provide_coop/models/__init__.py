from . import provide_sector
from . import provide_assessment_stage
from . import provide_close_reason
from . import provide_enquiry_tag
from . import provide_case_study
from . import provide_enquiry
from . import res_partner
