import sys

from phongthu.cli import main

sys.exit(main())
