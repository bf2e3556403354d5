from medallion.devstack.stack import main

main()
