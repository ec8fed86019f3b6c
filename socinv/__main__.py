from socinv.cli import main

main()
