from . import test_provide_enquiry
from . import test_provide_enquiry_close
from . import test_provide_case_study
from . import test_res_partner
from . import test_security
from . import test_provide_pipeline_report
from . import test_provide_enquiry_stalled
