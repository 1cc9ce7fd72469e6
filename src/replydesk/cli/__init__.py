"""The command line: scripted work on drafts and files, without loading Qt."""
