"""Streamlit pages of the corridormap app: they arrange widgets and call the library."""
