from .cli import main

# Guarded: `--cluster local:N` starts Dask workers by spawning, and a spawned process imports this
# module again (as __mp_main__); it must not run the command a second time.
if __name__ == "__main__":
    main()
