"""Speed and memory figures, each beside a raw baseline measured in the same run."""
