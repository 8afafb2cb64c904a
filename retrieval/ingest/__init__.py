"""Articles in: reading `.txt` folders and `.jsonl` files, cleaning page furniture (captions,
credits, related lines), cutting passages and sentences, and remembering parsed inputs."""
