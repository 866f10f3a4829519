"""nbgrader configuration of the course: instructor notebooks live in solutions/, student
notebooks are released into exercises/ (see design.md)."""

c = get_config()  # noqa: F821  (nbgrader injects get_config)

c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
