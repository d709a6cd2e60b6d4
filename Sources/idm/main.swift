print("idm")
