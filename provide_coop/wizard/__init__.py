from . import provide_enquiry_close
