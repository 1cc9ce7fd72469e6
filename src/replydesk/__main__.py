import sys

from replydesk.entry import main

sys.exit(main())
